import matplotlib
import numpy as np
import pytest
import torch

from course_utils.plotting import image_grid, latent_map
from course_utils.raster import images_png, png_bytes, tile_images

matplotlib.use("Agg")


def test_tile_images_places_each_image():
    images = torch.zeros(5, 1, 4, 4)
    images[3] = 1.0
    canvas = tile_images(images, ncols=3, pad=1)
    assert canvas.shape == (2 * 5 + 1, 3 * 5 + 1) and canvas.dtype == np.uint8
    assert (canvas[6:10, 1:5] == 255).all()  # image 3 is row 1, column 0
    assert canvas.sum() == 255 * 16


def test_tile_images_clips_out_of_range_values():
    canvas = tile_images(np.full((1, 2, 2), 3.0), pad=0)
    assert (canvas == 255).all()


def test_image_grid_returns_titled_figure():
    fig = image_grid(torch.rand(12, 1, 28, 28), ncols=6, title="digits", row_labels=["a", "b"])
    assert fig.axes[0].get_title() == "digits"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["a", "b"]


@pytest.mark.parametrize("bad", [torch.rand(2, 3, 28, 28), torch.rand(28, 28), torch.rand(0, 1, 4, 4)])
def test_bad_image_shapes(bad):
    with pytest.raises(ValueError, match="shape|empty"):
        tile_images(bad)


def test_png_bytes_round_trip_and_panel_repr():
    import io

    from PIL import Image

    from course_utils.widgets import Panel, image_view

    png = images_png(torch.ones(4, 1, 28, 28), ncols=2, scale=2)
    decoded = np.asarray(Image.open(io.BytesIO(png)))
    assert decoded.shape == (2 * 59, 2 * 59)  # 2x2 tiles of 28 px + 1 px padding, scaled 2x
    assert decoded.max() == 255
    with pytest.raises(ValueError, match="uint8"):
        png_bytes(np.zeros((4, 4), dtype=np.float32))
    panel = Panel([image_view(png)], name="demo widget")
    assert repr(panel) == "<demo widget>"


def test_latent_map_puts_each_code_where_to_pixel_says():
    # Digit 0 on the line z2 = -1, digit 1 on z2 = +1: a flipped or shifted mapping lands on the wrong
    # colour or on white.
    x = torch.linspace(-1, 1, 400)
    codes = torch.cat([torch.stack([x, -torch.ones(400)], 1), torch.stack([x, torch.ones(400)], 1)])
    labels = torch.arange(800) // 400
    m = latent_map(codes, labels, size_px=240)
    assert m.indices.shape == (240, 240) and m.indices.dtype == np.uint8 and m.indices.max() < 255
    rgb = np.asarray(m.palette).reshape(256, 3)[m.indices].astype(int)

    def around(z1, z2):
        row, col = m.to_pixel(z1, z2)
        return rgb[row - 1:row + 2, col - 1:col + 2].reshape(-1, 3)

    assert any(b > r + 60 for r, g, b in around(-0.8, -1.0))  # tab:blue
    assert any(r > b + 60 for r, g, b in around(-0.8, 1.0))  # tab:orange
    assert (around(-0.8, 0.0) > 240).all()  # nothing between the lines


def test_latent_scatter_clips_outliers_at_percentiles_and_says_how_many():
    from course_utils.plotting import latent_scatter

    z = np.random.default_rng(0).normal(size=(400, 2))
    z[:3] = 1000.0  # three far-out codes would squash the rest into a dot
    fig = latent_scatter(z, np.arange(400) % 10, limits="percentiles")
    ax = fig.axes[0]
    assert ax.get_xlim()[1] < 10 and ax.get_ylim()[1] < 10
    (note,) = [t.get_text() for t in ax.texts if "codes outside the axes" in t.get_text()]
    assert note.endswith("of 400 codes outside the axes") and 3 <= int(note.split()[0]) <= 12  # the 3, a few tails
    matplotlib.pyplot.close(fig)


def test_frame_strip_has_data_axes_a_colour_bar_and_a_key():
    from course_utils.plotting import frame_strip

    frames = [(step, np.zeros((32, 32, 3), dtype=np.uint8)) for step in (0, 125)]
    fig = frame_strip(frames, extent=1.6, title="t")
    panels, bar = fig.axes[:2], fig.axes[2]
    assert [ax.get_title() for ax in panels] == ["step 0", "step 125"]
    assert panels[0].get_xlim() == (-1.6, 1.6) and panels[0].get_ylabel() == "$x_2$"
    assert "D(x)" in bar.get_ylabel()
    assert panels[-1].get_legend() is None  # the key sits below the panels, where it covers no mode
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["real", "generated", "push on G's samples"]
    matplotlib.pyplot.close(fig)


def test_coverage_figure_draws_the_3_sigma_circles_and_labels_its_axes():
    from matplotlib.patches import Circle

    from course_utils.data import mixture
    from course_utils.plotting import coverage_figure

    fig = coverage_figure({"a": np.zeros((10, 2)), "b": np.ones((10, 2))}, "ring8")
    circles = [p for p in fig.axes[0].patches if isinstance(p, Circle)]
    assert len(circles) == 8 and all(c.get_radius() == 3 * mixture("ring8").std for c in circles)
    assert fig.axes[0].get_xlabel() == "$x_1$" and fig.axes[0].get_ylabel() == "$x_2$"
    assert all(ax.get_legend() is None for ax in fig.axes) and "3σ" in fig.legends[0].get_texts()[1].get_text()
    matplotlib.pyplot.close(fig)


def test_latent_scatter_labels_its_axes_z1_z2_unless_told_otherwise():
    from course_utils.plotting import latent_scatter

    z, y = np.random.default_rng(0).normal(size=(50, 2)), np.arange(50) % 10
    fig = latent_scatter(z, y)
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == ("$z_1$", "$z_2$")  # latent codes
    matplotlib.pyplot.close(fig)
    fig = latent_scatter(z, y, axis_labels=("t-SNE 1", "t-SNE 2"))  # an embedding with no code
    assert (fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()) == ("t-SNE 1", "t-SNE 2")
    matplotlib.pyplot.close(fig)
    for bad in ("t-SNE", ("only one",), ("a", 2)):
        with pytest.raises(ValueError, match="axis_labels must be two strings"):
            latent_scatter(z, y, axis_labels=bad)


def test_decoded_grid_puts_each_image_at_its_code_on_labelled_axes():
    from course_utils.plotting import decoded_grid

    z1, z2 = np.linspace(-2.0, 4.0, 4), np.linspace(3.0, -3.0, 3)   # 4 columns, 3 rows (top row: z2 = 3)
    images = np.zeros((12, 28, 28))
    images[1 * 4 + 2] = 1.0                                          # the tile decoded from (z1[2], z2[1])
    fig = decoded_grid(images, z1, z2, title="t")
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("$z_1$", "$z_2$", "t")
    np.testing.assert_allclose(ax.get_xticks(), z1)
    np.testing.assert_allclose(sorted(ax.get_yticks()), sorted(z2))
    left, right, bottom, top = ax.images[0].get_extent()
    assert (left, right, bottom, top) == (-3.0, 5.0, -4.5, 4.5)     # half a step beyond the outer codes
    # the white tile is the one centred on (z1[2], z2[1]) = (2, 0): data -> pixel of the tiled picture
    picture = ax.images[0].get_array()
    col = int((2.0 - left) / (right - left) * picture.shape[1])
    row = int((top - 0.0) / (top - bottom) * picture.shape[0])
    assert picture[row, col] == 255 and picture[5, 5] == 0
    matplotlib.pyplot.close(fig)
    fig = decoded_grid(images, np.linspace(-0.02, 0.04, 4), z2)
    assert "-0.0" not in [t.get_text() for t in fig.axes[0].get_xticklabels()]
    matplotlib.pyplot.close(fig)
    with pytest.raises(ValueError, match="grid of 3 x 4"):
        decoded_grid(images[:11], z1, z2)
    with pytest.raises(ValueError, match="evenly spaced"):
        decoded_grid(images, np.array([0.0, 1.0, 3.0, 4.0]), z2)


def test_metric_curves_draws_a_reference_line_in_the_legend():
    from course_utils.plotting import metric_curves

    fig = metric_curves([1, 2, 4], {"curve": [3.0, 2.0, 1.0]}, xlabel="k", ylabel="MSE", title="t", log_x=True,
                        references={"k = 0": 4.0})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["curve", "k = 0"]
    assert list(ax.lines[1].get_ydata()) == [4.0, 4.0]
    matplotlib.pyplot.close(fig)
