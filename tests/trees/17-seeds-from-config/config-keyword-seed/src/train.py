import hydra
import pandas as pd
import xgboost as xgb
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../conf", config_name="config")
def main(cfg: DictConfig) -> None:
    df = pd.read_parquet("data/transactions.parquet")
    model = xgb.XGBClassifier(
        max_depth=cfg.model.max_depth,
        n_estimators=cfg.model.n_estimators,
        seed=cfg.seed,
    )
    model.fit(df.drop(columns="is_fraud"), df.is_fraud)
    model.save_model("models/fraud.json")


if __name__ == "__main__":
    main()
