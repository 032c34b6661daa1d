-- Counts how often it is loaded (require caches it after the first time).
counter_loads = (counter_loads or 0) + 1
return { loads = counter_loads }
