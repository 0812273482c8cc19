"""Operations that move elements: padding (``pad/``: a source-index map per mode, or a fill) and
block rearrangements (``blocks/``: depth_to_space, space_to_depth, pixel_shuffle, ...)."""
