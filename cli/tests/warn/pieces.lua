-- Warnings are off until "@on"; a control message is a single piece ("@on", "x" is text);
-- unknown control messages are ignored; pieces are joined into one line on stderr.
warn("hidden")
warn("@on")
warn("a", "b", 12, 3.5)
warn("@off")
warn("hidden again")
warn("@on")
warn("@unknown")
warn("@on", "x")
warn("@off", "y")
warn("last")
local keep = setmetatable({}, {__gc = function() error("in gc") end})
