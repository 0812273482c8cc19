"""Block rearrangements: depth_to_space / space_to_depth (DCR) and pixel_shuffle / pixel_unshuffle (CRD).

One canonical form (:class:`~arraylens.ops.rearrange.blocks.spec.BlockSpec`): a reshape that
splits the channel axis (or the two spatial axes) into named axes, a transpose into a named
order, and a reshape that merges them again. Front-ends only choose the direction, the block
size, the channel order (DCR or CRD) and where the channel axis is.
"""
