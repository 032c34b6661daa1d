echo 'print("not reached")' | lua -i fails.lua
