local f <const> = nil
function f() end
