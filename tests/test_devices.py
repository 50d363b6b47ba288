"""Devices (issues 18 and 20): a wrong device name gets a message that says what to do, and every helper
follows the device of the model it is given. Without a GPU the `meta` device (shapes, no values) stands in
where no number has to come back; the CUDA tests run where a GPU is present."""
import numpy as np
import pytest
import torch

from course_utils import corruption, gan, latent, metrics, models, pretrained, training, vae, widgets

CUDA = torch.cuda.is_available()
needs_cuda = pytest.mark.skipif(not CUDA, reason="needs a CUDA GPU")


@pytest.mark.parametrize("device, match", [
    ("gpu", "'gpu' is not a torch device name; use 'cuda'"),
    ("GPU", "'gpu' is not a torch device name"),
    ("tpu", "device must be 'cpu', 'cuda', 'mps' or a torch.device, got 'tpu'"),
    (3.5, "device must be 'cpu', 'cuda', 'mps' or a torch.device, got 3.5"),
    pytest.param("cuda", "Change runtime type > T4 GPU", marks=pytest.mark.skipif(CUDA, reason="a GPU is here")),
    pytest.param("cuda:7", "GPU", marks=pytest.mark.skipif(CUDA and torch.cuda.device_count() > 7, reason="8 GPUs")),
])
def test_a_device_that_is_not_here_gets_a_message_saying_what_to_do(device, match):
    with pytest.raises(ValueError, match=match):
        pretrained.load("ae_mnist_d2", device=device)
    with pytest.raises(ValueError, match=match):
        training.fit(models.MLPAutoencoder(2), torch.rand(4, 1, 28, 28), epochs=1, device=device, progress=False)


def test_a_model_on_another_device_gets_its_inputs_moved_there():
    for model, x in ((models.ConvAutoencoder(2), torch.rand(3, 1, 28, 28)), (models.VAE(2), np.random.rand(3, 1, 28, 28)),
                     (models.DCGANDiscriminator(8), torch.rand(3, 1, 28, 28)), (models.MNISTClassifier(4, 8), torch.rand(3, 1, 28, 28))):
        model.to("meta")
        assert model(x).device.type == "meta", type(model).__name__
    g = models.DCGANGenerator(8, label_classes=10).to("meta")
    assert g(torch.randn(3, 8), torch.tensor([1, 2, 3])).device.type == "meta"
    assert models.ConvAutoencoder(2).to("meta").decode(np.zeros((1, 2))).device.type == "meta"


def test_noise_is_drawn_on_the_cpu_then_moved_so_a_seed_gives_the_same_noise_on_every_device():
    x = torch.rand(2, 1, 28, 28)
    for noise in (lambda x, g: corruption.gaussian_noise(x, 0.3, generator=g),
                  lambda x, g: corruption.salt_and_pepper(x, 0.3, generator=g)):
        assert noise(x.to("meta"), torch.Generator().manual_seed(0)).device.type == "meta"
        a, b = (noise(x, torch.Generator().manual_seed(0)) for _ in range(2))
        assert torch.equal(a, b)
    with pytest.raises(TypeError, match="generator must be None or a CPU torch.Generator"):
        corruption.gaussian_noise(x, 0.3, generator=0)
    mu = torch.zeros(4, 2, device="meta")
    assert vae.reparameterize(mu, mu).device.type == "meta"


def test_a_path_with_a_tensor_t_follows_the_codes():
    z0, z1 = torch.zeros(2, device="meta"), torch.ones(2, device="meta")
    assert latent.lerp(z0, z1, torch.linspace(0, 1, 3)).device.type == "meta"


# ----------------------------------------------------------------------------- on a real GPU

@needs_cuda
def test_every_helper_follows_a_cuda_model_and_answers_on_the_cpu():
    images, labels = torch.rand(40, 1, 28, 28), torch.arange(40) % 10
    ae = pretrained.load("ae_mnist_d2", device="cuda")
    G = pretrained.load("gan_mnist", device="cuda")
    C = pretrained.load("mnist_classifier", device="cuda")
    assert latent.codes_of(ae, images).device.type == "cpu"
    assert latent.invert(G, images[:2], steps=2, candidates=8).device.type == "cpu"
    assert latent.sample(G, 4).device.type == "cpu"
    assert torch.allclose(latent.sample(G, 4), latent.sample(G.cpu(), 4), atol=1e-3)  # the same codes
    G.cuda()
    assert metrics.reconstruction_errors(ae, images).device.type == "cpu"
    assert 0 <= metrics.accuracy(C, images, labels) <= 1
    assert metrics.QualityMeter(C, images)(images)["score"] >= 1
    assert corruption.gaussian_noise(images.cuda(), 0.1).device.type == "cuda"
    history = gan.train_dcgan(models.DCGANGenerator(8).cuda(), models.DCGANDiscriminator(8).cuda(), images,
                              epochs=1, batch_size=8, fixed_z=torch.randn(4, 8), snapshots=2, ema=0.9,
                              progress=False)  # ema: batch norm is re-measured on the GPU
    assert history["snapshots"][-1][1].device.type == "cpu"
    training.fit(models.MLPAutoencoder(2), images, epochs=1, device="cuda", progress=False)


@needs_cuda
def test_every_widget_builds_and_draws_with_cuda_models():
    images, labels = torch.rand(40, 1, 28, 28), torch.arange(40) % 10
    models_ = {name: pretrained.load(name, device="cuda") for name in ("ae_mnist_d2", "vae_mnist_d2")}
    for build in (widgets.interpolation_widget, widgets.latent_explorer, widgets.arithmetic_widget):
        w = build(models_, images, labels)
        assert "cannot draw" not in w.message.value, build.__name__
    w = widgets.digit_picker(pretrained.load("gan_mnist_conditional", device="cuda"))
    assert "cannot draw" not in w.message.value
