"""NumPy arrays and float64/float16 tensors where the course expects float32 tensors (issue 18).

`torch.from_numpy` gives float64, a GPU gives float16. Models and helpers that take images or codes cast
them to the model's own dtype (and device) and give the float32 answer; integer pixels are refused with a
hint, never guessed at."""
import numpy as np
import pytest
import torch

from course_utils import corruption, latent, metrics, models, training, vae
from course_utils.data import split_validation

torch.manual_seed(0)
X = torch.rand(6, 1, 28, 28)
Z = torch.randn(6, 2)
KINDS = {
    "float64 tensor": lambda a: a.double(),
    "float16 tensor": lambda a: a.half(),
    "float64 NumPy": lambda a: a.double().numpy(),
    "float32 NumPy": lambda a: a.numpy(),
}


def _nets():
    torch.manual_seed(0)
    return {"conv": models.ConvAutoencoder(2), "mlp": models.MLPAutoencoder(2), "vae": models.VAE(2)}


CALLS = {  # name: (function of the nets and an input, the float32 input)
    "AE encode": (lambda n, x: n["conv"].encode(x), X),
    "AE forward": (lambda n, x: n["conv"](x), X),
    "MLP forward": (lambda n, x: n["mlp"](x), X),
    "AE decode": (lambda n, z: n["conv"].decode(z), Z),
    "VAE forward": (lambda n, x: n["vae"](x), X),
    "VAE decode": (lambda n, z: n["vae"].decode(z), Z),
    "codes_of": (lambda n, x: latent.codes_of(n["conv"], x), X),
    "reconstruction_errors": (lambda n, x: metrics.reconstruction_errors(n["mlp"], x), X),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("call", CALLS)
def test_models_take_numpy_and_other_float_dtypes_and_answer_as_for_float32(call, kind):
    fn, x = CALLS[call]
    nets = _nets()
    with torch.no_grad():
        want, got = fn(nets, x), fn(nets, KINDS[kind](x))
    assert got.dtype == torch.float32  # the model's own dtype
    tol = 2e-2 if "16" in kind else 1e-5  # float16 rounds the input to 3 significant digits
    assert torch.allclose(got, want, atol=tol), (call, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_gan_networks_and_the_judge_take_other_float_dtypes(kind):
    torch.manual_seed(0)
    G, D, C = models.DCGANGenerator(8), models.DCGANDiscriminator(8), models.MNISTClassifier(4, 8)
    for net in (G, D, C):
        net.eval()
    z = torch.randn(4, 8)
    with torch.no_grad():
        for fn, a in ((G, z), (D, X), (C, X), (lambda x: metrics.predict(C, x)[0], X)):
            tol = 2e-2 if "16" in kind else 1e-5
            assert torch.allclose(fn(KINDS[kind](a)), fn(a), atol=tol)


def test_training_takes_float64_numpy_images_and_trains_as_on_float32():
    runs = []
    for x in (X, X.double().numpy()):
        torch.manual_seed(0)
        model = models.MLPAutoencoder(2)
        runs.append(training.fit(model, x, epochs=2, batch_size=3, progress=False)["train"])
    assert np.allclose(runs[0], runs[1], rtol=1e-5)


def test_the_elbo_and_the_noise_take_float64():
    torch.manual_seed(0)
    model = models.VAE(2)
    torch.manual_seed(1)
    want = vae.negative_elbo(model, X)[0]
    torch.manual_seed(1)
    assert torch.allclose(vae.negative_elbo(model, X.double())[0], want)
    g = lambda: torch.Generator().manual_seed(0)  # noqa: E731
    noisy = corruption.gaussian_noise(X.double().numpy(), 0.1, generator=g())
    assert noisy.dtype == torch.float64 and torch.allclose(noisy.float(), corruption.gaussian_noise(X, 0.1, generator=g()), atol=1e-6)


def test_latent_paths_and_class_means_take_numpy():
    z0, z1 = np.zeros(2), np.array([2.0, 4.0])
    assert torch.allclose(latent.lerp(z0, z1, 0.5), torch.tensor([1.0, 2.0], dtype=torch.float64))
    assert latent.slerp(z0.astype(np.float32), z1.astype(np.float32), 0.5).shape == (2,)
    means = latent.class_means(np.eye(10), np.arange(10))
    assert torch.equal(means, torch.eye(10, dtype=torch.float64))


def test_labels_may_be_numpy_integers():
    images, labels = torch.rand(30, 1, 28, 28), np.arange(30) % 10
    assert len(split_validation(images, labels, per_class=1)[2]) == 10


@pytest.mark.parametrize("bad, match", [
    ((X * 255).to(torch.uint8), "floating point .* divide uint8 pixels by 255"),
    ((X * 255).numpy().astype(np.uint8), "floating point .* divide uint8 pixels by 255"),
    (X > 0.5, "floating point"),
    (np.array([["a"]]), "NumPy array of dtype <U1"),
    ([[0.5] * 28] * 28, "a torch.Tensor or NumPy array"),
])
def test_pixels_that_are_not_floats_are_refused_with_a_hint(bad, match):
    with pytest.raises((TypeError, ValueError), match=f"x must .*{match}|x must be .*{match}"):
        models.ConvAutoencoder(2).encode(bad)


@pytest.mark.parametrize("bad", [torch.zeros(3, 2, dtype=torch.bool), torch.zeros(3, 2, dtype=torch.complex64), "z"])
def test_codes_that_are_not_real_numbers_are_refused(bad):
    with pytest.raises((TypeError, ValueError), match=r"z must be a float tensor of shape \(N, 2\)"):
        models.ConvAutoencoder(2).decode(bad)


def test_integer_codes_are_points_too():
    model = models.ConvAutoencoder(2).eval()
    with torch.no_grad():
        assert torch.equal(model.decode(torch.tensor([[1, -2]])), model.decode(torch.tensor([[1.0, -2.0]])))
