-- An uncaught error from a method call inside a main chunk. Expected output: regen.sh.
local obj = {}
function obj:go() local t = nil; return t.x end
obj:go()
