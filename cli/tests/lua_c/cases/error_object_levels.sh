lua error_object_levels.lua
