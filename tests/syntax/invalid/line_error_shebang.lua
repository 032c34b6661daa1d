#!/usr/bin/env lua5.4
local x = 1
local y = x + + 1
