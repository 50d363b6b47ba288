"""The course's tools and benchmarks (tools/NAME.py, benchmarks/NAME.py: scripts rather than a package) loaded as
modules for their tests."""
import importlib.util
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / "tools"
BENCHMARKS = TOOLS.parent / "benchmarks"


def load_tool(name: str, folder: Path = TOOLS):
    """``folder/name.py`` as the module ``name``; its folder goes on sys.path, as when it runs as a script."""
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
