"""Shared code for the course *Convolution, memory and state with Keras*.

The chapters in ``chapters/`` import everything they need from here, one module
per responsibility:

- :mod:`utils.data`: MNIST (offline first), preprocessing, the sin -> cos batches;
- :mod:`utils.models`: the article's three models as builders;
- :mod:`utils.optimizers`: Keras's Adam through TensorFlow's fused kernel;
- :mod:`utils.training`: the article's three training regimes;
- :mod:`utils.plots`: every figure the chapters draw;
- :mod:`utils.seed`: the one seeding call each notebook makes;
- :mod:`utils.versions`: the tested TensorFlow and Keras, and a guard for others.

The package depends on NumPy and Matplotlib only; Keras (with TensorFlow) is
imported where it is used and is never pinned here, because Colab ships its own.
"""

from utils import versions
from utils.seed import seed_everything

versions.check()

__all__ = ["seed_everything"]
__version__ = "0.1.0"
