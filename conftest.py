# The project's root conftest: pytest loads it for every test path, so the notebook checks always use the
# tolerance-aware comparison (tools/nbval_tolerance.py), whether pytest runs tests/, notebooks/ or both.
pytest_plugins = ["tools.nbval_tolerance", "pytester"]  # pytester: tests/test_nbval_tolerance.py
