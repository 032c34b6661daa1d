-- Keys a table refuses, and where the error is reported (found in review, 2026-11-21:
-- rawset's error is raised inside rawset, so lua5.4 gives it no position).
print(pcall(function() rawset({}, nil, 1) end))
print(pcall(function() rawset({}, 0/0, 1) end))
print(pcall(function() local t = {} t[nil] = 1 end))
print(pcall(function() local t = {} t[0/0] = 1 end))
print(pcall(function() return {[nil] = 1} end))
print(rawget({}, nil), rawget({}, 0/0), ({})[nil])
