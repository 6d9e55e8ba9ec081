-- etstats_live.lua: live round data for etstats, a Lua 5.4 module for ET: Legacy.
--
-- Every few seconds it replaces one small JSON file, live-<net_port>.json, in the folder
-- c0rnp0rn writes round files to (<fs_homepath>/<fs_game>/gamestats/), so the etstats
-- sources that already watch that folder see it. The format is "etstats-live" version 1,
-- described in etstats' docs/LIVE_FORMAT.md.
--
-- Rules this module keeps, because other modules share the game with it:
--   * it defines no et_Obituary or et_Damage, so it can never stop those hooks for others;
--   * it never writes to the game log (et.G_LogPrint): other modules parse that log;
--   * every write runs inside pcall: a full disk or a missing folder skips one write
--     and never breaks the server frame;
--   * the frame hook compares two numbers; the work happens once per interval.
-- Optional cvar: etstats_live_seconds (default 5, at least 1).

local FORMAT = "etstats-live"
local VERSION = 1
local DEFAULT_SECONDS = 5
local CS_LEVEL_START_TIME = 11
local CS_MULTI_INFO = 13
local CON_CONNECTED = 2

local STATES = {
    ["-1"] = "initializing",
    ["0"] = "playing",
    ["1"] = "warmup_countdown",
    ["2"] = "warmup",
    ["3"] = "intermission",
    ["4"] = "waiting",
    ["5"] = "reset",
}

local live = {
    path = nil,
    interval_ms = DEFAULT_SECONDS * 1000,
    next_write = 0,
    seq = 0,
    max_clients = 64,
    start_cs = nil,
    started_at = nil,
    start_ms = 0,
    last_state = nil,
}

local function escape_byte(c)
    return string.format("\\u%04x", string.byte(c))
end

-- Bytes 0x80-0xFF become \u0080-\u00FF one by one, so any name survives as valid JSON;
-- the reader turns the string back into the original bytes.
local function json_string(s)
    local escaped = string.gsub(s or "", '[%c"\\\128-\255]', escape_byte)
    return '"' .. escaped .. '"'
end

local function cvar_number(name, default)
    return tonumber(et.trap_Cvar_Get(name)) or default
end

local function defender_team()
    local info = et.trap_GetConfigstring(CS_MULTI_INFO) or ""
    for key, value in string.gmatch(info, "\\([^\\]*)\\([^\\]*)") do
        if key == "d" then
            return (tonumber(value) or -1) + 1
        end
    end
    return 1
end

local function player_json(slot)
    return string.format(
        '{"slot":%d,"name":%s,"team":%d,"kills":%d,"deaths":%d,"damage_given":%d,'
            .. '"damage_received":%d,"gibs":%d,"alive":%s}',
        slot,
        json_string(et.gentity_get(slot, "pers.netname")),
        et.gentity_get(slot, "sess.sessionTeam") or 0,
        et.gentity_get(slot, "sess.kills") or 0,
        et.gentity_get(slot, "sess.deaths") or 0,
        et.gentity_get(slot, "sess.damage_given") or 0,
        et.gentity_get(slot, "sess.damage_received") or 0,
        et.gentity_get(slot, "sess.gibs") or 0,
        ((et.gentity_get(slot, "health") or 0) > 0) and "true" or "false"
    )
end

local function round_clock(level_time)
    local start_cs = et.trap_GetConfigstring(CS_LEVEL_START_TIME) or ""
    local start = tonumber(start_cs) or level_time
    local elapsed = math.max(0, level_time - start)
    live.start_ms = start
    if start_cs ~= live.start_cs then
        live.start_cs = start_cs
        live.started_at = os.time() - elapsed // 1000
    end
    return elapsed
end

-- The text to write, or nil when an empty server has nothing new to say: each write
-- moves the folder's mtime, which makes pollers list the folder, so an idle server stays quiet.
local function snapshot(level_time, state)
    state = state or STATES[et.trap_Cvar_Get("gamestate")] or "unknown"
    local players = {}
    for slot = 0, live.max_clients - 1 do
        if et.gentity_get(slot, "pers.connected") == CON_CONNECTED then
            players[#players + 1] = player_json(slot)
        end
    end
    if #players == 0 and state == live.last_state then
        return nil
    end
    live.last_state = state
    local round = cvar_number("g_currentRound", 0) + 1
    local limit_s = math.floor(cvar_number("timelimit", 0) * 60)
    local to_beat = "null"
    if round == 2 then
        local next_limit = cvar_number("g_nextTimeLimit", 0)
        to_beat = tostring(math.floor((next_limit > 0 and next_limit or cvar_number("timelimit", 0)) * 60))
    end
    local elapsed = round_clock(level_time)
    live.seq = live.seq + 1
    return string.format(
        '{"format":"%s","version":%d,"seq":%d,"written_at":%d,"interval_s":%d,"server":%s,"map":%s,'
            .. '"round":%d,"state":"%s","defender_team":%d,"started_at":%d,"start_ms":%d,"elapsed_ms":%d,'
            .. '"time_limit_s":%d,"time_to_beat_s":%s,"players":[%s]}\n',
        FORMAT,
        VERSION,
        live.seq,
        os.time(),
        live.interval_ms // 1000,
        json_string(et.trap_Cvar_Get("sv_hostname")),
        json_string(et.trap_Cvar_Get("mapname")),
        round,
        state,
        defender_team(),
        live.started_at,
        live.start_ms,
        elapsed,
        limit_s,
        to_beat,
        table.concat(players, ",")
    )
end

-- Write next to the target, then rename over it: a reader sees the old file or the new one.
local function replace_file(text)
    local tmp = live.path .. ".tmp"
    local handle = assert(io.open(tmp, "wb"))
    local written, err = handle:write(text)
    local closed, close_err = handle:close()
    if not (written and closed) then
        os.remove(tmp)
        error(err or close_err)
    end
    local renamed, rename_err = os.rename(tmp, live.path)
    if not renamed then
        os.remove(tmp)
        error(rename_err)
    end
end

local function write_live(level_time, state)
    if live.path == nil then
        return
    end
    pcall(function()
        local text = snapshot(level_time, state)
        if text ~= nil then
            replace_file(text)
        end
    end)
end

function et_InitGame(level_time, random_seed, restart)
    local home = et.trap_Cvar_Get("fs_homepath") or "."
    local game = et.trap_Cvar_Get("fs_game") or ""
    if game == "" then
        game = "legacy"
    end
    local port = math.floor(cvar_number("net_port", 27960))
    live.path = home .. "/" .. game .. "/gamestats/live-" .. port .. ".json"
    live.interval_ms = math.max(1, math.floor(cvar_number("etstats_live_seconds", DEFAULT_SECONDS))) * 1000
    live.max_clients = math.floor(cvar_number("sv_maxclients", 64))
    live.next_write = level_time
    live.start_cs = nil
    live.last_state = nil
end

function et_RunFrame(level_time)
    if level_time >= live.next_write then
        live.next_write = level_time + live.interval_ms
        write_live(level_time)
    end
end

function et_ShutdownGame(restart)
    write_live(et.trap_Milliseconds(), "ended")
end
