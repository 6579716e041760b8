"""The map canvas: a scene that follows the journey, its items, and the view with its modes."""
