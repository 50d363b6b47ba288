import pytest
import torch
import torch.nn.functional as F

from course_utils import pretrained
from course_utils.models import VAE
from course_utils.training import TrainingDiverged, fit
from course_utils.vae import negative_elbo, reparameterize


def test_vae_follows_the_model_api():
    model = VAE(latent_dim=2)
    x = torch.rand(5, 1, 28, 28)
    mu, logvar = model.encode_stats(x)
    assert mu.shape == logvar.shape == (5, 2)
    assert torch.equal(model.encode(x), mu)
    images = model.decode(torch.randn(7, 2) * 5)
    assert images.shape == (7, 1, 28, 28) and images.min() >= 0 and images.max() <= 1
    assert model(x).shape == x.shape
    rebuilt = VAE(**model.config)  # pretrained.save/load rebuild the model from its config
    rebuilt.load_state_dict(model.state_dict())
    assert torch.equal(rebuilt.decode(torch.ones(1, 2)), model.decode(torch.ones(1, 2)))


@pytest.mark.parametrize("call, bad", [("encode", torch.rand(2, 28, 28)), ("decode", torch.rand(2, 3))])
def test_vae_rejects_wrong_shapes(call, bad):
    with pytest.raises(ValueError, match="shape"):
        getattr(VAE(latent_dim=2), call)(bad)


def test_reparameterisation_samples_the_encoder_gaussian_and_passes_gradients():
    mu = torch.tensor([[1.0, -2.0]], requires_grad=True)
    logvar = torch.tensor([[0.0, 2 * torch.log(torch.tensor(3.0)).item()]], requires_grad=True)  # std 1 and 3
    z = reparameterize(mu.expand(20000, 2), logvar.expand(20000, 2))
    assert torch.allclose(z.mean(0), mu[0], atol=0.1)
    assert torch.allclose(z.std(0), torch.tensor([1.0, 3.0]), atol=0.1)
    z.sum().backward()
    assert mu.grad is not None and logvar.grad is not None


def test_negative_elbo_is_bce_plus_closed_form_kl():
    model = VAE(latent_dim=2)
    x = torch.rand(8, 1, 28, 28)
    torch.manual_seed(1)
    loss, reconstruction, kl = negative_elbo(model, x)
    mu, logvar = model.encode_stats(x)
    torch.manual_seed(1)
    z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
    expected_bce = F.binary_cross_entropy(model.decode(z), x, reduction="sum") / 8
    expected_kl = sum(torch.distributions.kl_divergence(
        torch.distributions.Normal(m, torch.exp(0.5 * lv)), torch.distributions.Normal(0.0, 1.0)).sum()
        for m, lv in zip(mu, logvar)) / 8
    assert torch.allclose(reconstruction, expected_bce, rtol=1e-4)
    assert torch.allclose(kl, expected_kl, rtol=1e-4) and kl >= 0
    assert torch.allclose(loss, reconstruction + kl)


def test_fit_with_the_elbo_lowers_the_loss():
    torch.manual_seed(0)
    images = (torch.rand(256, 1, 28, 28) > 0.7).float() * torch.linspace(0, 1, 28)  # learnable structure
    model = VAE(latent_dim=2, hidden=(32,))
    history = fit(model, images, objective=negative_elbo, epochs=6, batch_size=64, lr=3e-3, progress=False)
    assert len(history["train"]) == 6 and history["val"] == []
    assert history["train"][-1] < 0.9 * history["train"][0]
    torch.manual_seed(1)
    assert negative_elbo(model, images)[0].item() == pytest.approx(history["train"][-1], rel=0.1)  # nats per image


def test_fit_with_the_elbo_stops_on_nan_with_a_clear_message():
    model = VAE(latent_dim=2, hidden=(16,))
    with torch.no_grad():
        model.decoder[0].weight.fill_(float("nan"))
    with pytest.raises(TrainingDiverged, match="learning rate"):
        fit(model, torch.rand(32, 1, 28, 28), objective=negative_elbo, epochs=1, progress=False)


def test_fit_with_an_objective_rejects_bad_arguments():
    with pytest.raises(ValueError, match="epochs"):
        fit(VAE(), torch.rand(4, 1, 28, 28), objective=negative_elbo, epochs=0, progress=False)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        fit(VAE(), torch.rand(4, 784), objective=negative_elbo, epochs=1, progress=False)
    with pytest.raises(ValueError, match="corrupt"):  # corrupt belongs to the MSE objective
        fit(VAE(), torch.rand(4, 1, 28, 28), objective=negative_elbo, corrupt=lambda x: x, epochs=1, progress=False)


def test_shipped_vae_reconstructs_unseen_digits_and_decodes_the_prior():
    from course_utils.data import load_mnist
    from course_utils.metrics import reconstruction_mse

    model = pretrained.load("vae_mnist_d2")
    assert model.latent_dim == 2
    images, _ = load_mnist("test")
    assert reconstruction_mse(model, images) < 0.05  # per pixel, digits it never saw
    codes = model.encode(images).detach()
    assert codes.mean(0).abs().max() < 0.5 and (codes.std(0) - 1).abs().max() < 0.5  # close to N(0, I)
    samples = model.decode(torch.randn(16, 2))
    assert samples.shape == (16, 1, 28, 28) and torch.isfinite(samples).all()
