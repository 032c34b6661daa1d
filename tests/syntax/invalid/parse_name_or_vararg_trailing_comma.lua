function f(a, ) end
