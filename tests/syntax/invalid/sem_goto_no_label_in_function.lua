local function f()
  goto missing
  return 1
end
