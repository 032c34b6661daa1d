lua fails.lua
