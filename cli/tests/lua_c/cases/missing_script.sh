lua no_such_script.lua
