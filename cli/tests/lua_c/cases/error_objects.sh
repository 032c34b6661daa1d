lua error_objects.lua table
lua error_objects.lua tostring
lua error_objects.lua nil
lua error_objects.lua number
