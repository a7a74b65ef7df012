import argparse

from ultralytics import YOLO


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="yolov8s.pt")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--imgsz", type=int, default=640)
    args = p.parse_args()

    model = YOLO(args.model)
    model.train(data="data/hardhat.yaml", epochs=args.epochs, imgsz=args.imgsz, batch=16,
                seed=0, deterministic=True, project="runs/detect", name=args.model.removesuffix(".pt"))
    metrics = model.val(data="data/hardhat.yaml", split="val")
    print(f"mAP50-95={metrics.box.map:.3f} mAP50={metrics.box.map50:.3f}")


if __name__ == "__main__":
    main()
