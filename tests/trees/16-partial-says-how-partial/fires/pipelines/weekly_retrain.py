from training.train import main as train

if __name__ == "__main__":
    train("configs/flan_t5_base.yaml")
