"""The teaching cards (L1, no GL): ``teaching`` owns them and their
placement (``layout``, drawn by ``draw``); the legend, loss plot, minimap,
captions, the advanced, formula and fit panels, and the update and curvature
views each have their own module."""
