"""Optimizers: Keras's Adam, with each weight's update done in one pass.

Keras 3's :class:`keras.optimizers.Adam` writes its update as about ten
separate tensor operations per weight (subtract, square, multiply, sqrt,
divide, three assignments...). TensorFlow runs each as its own kernel, so each
reads and writes the whole weight tensor again. For the CNN's 3.2-million-weight
dense layer those passes over memory cost about as much as the layer's own
matrix products. :class:`FusedAdam` computes the same update with TensorFlow's
fused kernel ``ResourceApplyAdam``, which updates the first moment, the second
moment and the weight in one pass:

    alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m += (g - m) * (1 - beta_1)
    v += (g * g - v) * (1 - beta_2)
    w -= m * alpha / (sqrt(v) + epsilon)

the formula of Keras's ``Adam.update_step``, line for line. The two agree to
float32 rounding (a few units in the last place; see ``tests/test_optimizers.py``).
On other backends, with ``amsgrad`` or with sparse gradients it falls back to
Keras's own update.
"""

from __future__ import annotations

import keras


@keras.saving.register_keras_serializable(package="course")
class FusedAdam(keras.optimizers.Adam):
    """Keras's Adam (same arguments, same update) through TensorFlow's fused Adam kernel.

    Introduced in chapter 1 (``01_convolution_pooling``); every builder in
    :mod:`utils.models` compiles with it.
    """

    def update_step(self, gradient, variable, learning_rate):
        if keras.backend.backend() != "tensorflow" or self.amsgrad:
            return super().update_step(gradient, variable, learning_rate)
        import tensorflow as tf

        if isinstance(gradient, tf.IndexedSlices):
            return super().update_step(gradient, variable, learning_rate)
        dtype = variable.dtype
        step = tf.cast(self.iterations + 1, dtype)
        beta_1 = tf.cast(self.beta_1, dtype)
        beta_2 = tf.cast(self.beta_2, dtype)
        index = self._get_variable_index(variable)
        tf.raw_ops.ResourceApplyAdam(
            var=variable.handle,
            m=self._momentums[index].handle,
            v=self._velocities[index].handle,
            beta1_power=tf.pow(beta_1, step),
            beta2_power=tf.pow(beta_2, step),
            lr=tf.cast(learning_rate, dtype),
            beta1=beta_1,
            beta2=beta_2,
            epsilon=tf.cast(self.epsilon, dtype),
            grad=tf.cast(gradient, dtype),
        )
