def failed_gates(metrics: dict, minimums: dict) -> list[str]:
    return [name for name, minimum in minimums.items() if metrics.get(name, 0.0) < minimum]
