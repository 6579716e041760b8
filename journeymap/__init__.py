"""journeymap: customer-journey maps with the evidence of real feedback."""

__version__ = "0.1.0"
