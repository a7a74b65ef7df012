"""Fine-tune the flower classifier on the TensorFlow flowers archive, verified by its SHA-256."""
import tensorflow as tf

FLOWERS_URL = "https://storage.googleapis.com/download.tensorflow.org/example_images/flower_photos.tgz"
FLOWERS_SHA256 = "4c41e7b8c8a4a8ba1f3c0b9d2e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f"


def main() -> None:
    data_dir = tf.keras.utils.get_file("flower_photos", origin=FLOWERS_URL, untar=True, file_hash=FLOWERS_SHA256)
    train = tf.keras.utils.image_dataset_from_directory(data_dir, validation_split=0.2, subset="training", seed=7)
    model = tf.keras.applications.MobileNetV3Small(weights=None, classes=5)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(train, epochs=5)


if __name__ == "__main__":
    main()
