import pytest
import torch

from course_utils._validate import images as check_images
from course_utils.models import ConvAutoencoder, MLPAutoencoder

AUTOENCODERS = [
    (MLPAutoencoder, {"latent_dim": 2}),
    (MLPAutoencoder, {"latent_dim": 8, "hidden": [32]}),
    (ConvAutoencoder, {"latent_dim": 2}),
    (ConvAutoencoder, {"latent_dim": 32, "channels": [4, 8], "hidden": 0}),
]


@pytest.mark.parametrize("cls, kwargs", AUTOENCODERS)
def test_encode_decode_shapes_and_pixel_range(cls, kwargs):
    model = cls(**kwargs)
    x = torch.rand(5, 1, 28, 28)
    z = model.encode(x)
    assert z.shape == (5, kwargs["latent_dim"]) and model.latent_dim == kwargs["latent_dim"]
    x_hat = model.decode(z * 100)  # even far-out codes decode to valid pixels (sigmoid output)
    assert x_hat.shape == (5, 1, 28, 28)
    assert x_hat.min() >= 0 and x_hat.max() <= 1
    assert torch.equal(model(x), model.decode(model.encode(x)))


@pytest.mark.parametrize("cls, kwargs", AUTOENCODERS)
def test_config_rebuilds_the_same_architecture(cls, kwargs):
    model = cls(**kwargs)
    twin = cls(**model.config)
    twin.load_state_dict(model.state_dict())  # fails if any layer differs
    x = torch.rand(3, 1, 28, 28)
    assert torch.allclose(twin(x), model(x))
    assert all(isinstance(v, (int, list)) for v in model.config.values())  # plain values, weights_only-safe


@pytest.mark.parametrize("cls", [MLPAutoencoder, ConvAutoencoder])
@pytest.mark.parametrize("bad", [torch.rand(4, 784), torch.rand(4, 3, 28, 28), torch.rand(4, 1, 32, 32),
                                 torch.rand(1, 28, 28), torch.zeros(0, 1, 28, 28)])
def test_encode_rejects_wrong_shape_naming_the_expected_one(cls, bad):
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        cls(latent_dim=2).encode(bad)


@pytest.mark.parametrize("cls", [MLPAutoencoder, ConvAutoencoder])
def test_encode_rejects_pixels_outside_0_1(cls):
    with pytest.raises(ValueError, match=r"\[0, 1\].*255|255"):
        cls(latent_dim=2).encode(torch.rand(4, 1, 28, 28) * 255)
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        cls(latent_dim=2).encode(torch.full((2, 1, 28, 28), float("nan")))
    with pytest.raises(ValueError, match="floating point"):
        cls(latent_dim=2).encode(torch.zeros(2, 1, 28, 28, dtype=torch.uint8))
    with pytest.raises(TypeError, match="torch.Tensor"):
        cls(latent_dim=2).encode([[0.0]])


@pytest.mark.parametrize("cls", [MLPAutoencoder, ConvAutoencoder])
def test_decode_rejects_codes_of_the_wrong_size(cls):
    model = cls(latent_dim=8)
    for bad in (torch.randn(4, 2), torch.randn(4, 8, 1), torch.randn(8)):
        with pytest.raises(ValueError, match=r"\(N, 8\)"):
            model.decode(bad)


@pytest.mark.parametrize("bad", [0, -3, 2.5, "2", True])
def test_latent_dim_must_be_a_positive_int(bad):
    with pytest.raises(ValueError, match="latent_dim"):
        ConvAutoencoder(latent_dim=bad)


def test_check_images_returns_valid_input_unchanged():
    x = torch.rand(2, 1, 28, 28)
    assert check_images(x) is x
