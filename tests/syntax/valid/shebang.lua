#!/usr/bin/env lua5.4 this first line is skipped by the file loader
-- Only a first line starting with '#' is skipped; line numbers are kept.
local msg = "shebang line ignored"
print(msg, #msg)
local ok, err = pcall(function() error("line check") end)
print(err)
