-- The worst collector pause on a big heap in incremental mode: builds about MB megabytes
-- of live tables (by an estimate of 100 bytes each; moonlab's are about 1.5x that), then allocates garbage
-- for several collection cycles. On moonlab it prints the pause counters.
-- usage: big_heap.lua MB
local mb = tonumber(arg and arg[1]) or 64
collectgarbage("incremental")
local live = {}
-- about 100 bytes per small table on moonlab's VM (box + 4-slot array)
local chunks = mb * 1024 * 1024 // (1000 * 100)
for c = 1, chunks do
  local chunk = {}
  for i = 1, 1000 do chunk[i] = {i, c, i + c, 0} end
  live[c] = chunk
end
local start = collectgarbage("count")
local s = 0
-- garbage: about 3x the live heap, so the collector runs a few full cycles
for i = 1, chunks * 3000 do
  local g = {i}
  s = s + #g
end
print("live MB", start // 1024, "garbage tables", s)
local ok, st = pcall(collectgarbage, "moonlab")
if ok then
  print(string.format("pauses %d, max pause %.3f ms, total %.1f ms, cycles %d",
    st.pauses, st.pause_max_ns / 1e6, st.pause_total_ns / 1e6, st.cycles))
end
