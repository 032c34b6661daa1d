while true do
  local function f()
    break
  end
end
