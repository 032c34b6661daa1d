env LUA_INIT="X = tonumber(arg[1])" lua print_x.lua 3.2
env LUA_INIT_5_4="X = 10" LUA_INIT="X = 3" lua print_x.lua
env LUA_INIT="@init.lua" lua init.lua
