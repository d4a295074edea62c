-- Neovim 0.7 (Debian's) as a second, independent LSP client: starts the language server over
-- stdio with vim.lsp.start_client, attaches it to a Markdown draft and records what arrives.
-- Run headless by test/e2e/nvim.mjs; the paths come from the environment.
local server = vim.env.FACTCHECK_SERVER
local root = vim.env.FACTCHECK_ROOT
local file = vim.env.FACTCHECK_FILE
local out = vim.env.FACTCHECK_OUT
local wait_ms = tonumber(vim.env.FACTCHECK_WAIT_MS or "60000")
local hover_line = tonumber(vim.env.FACTCHECK_HOVER_LINE)
local hover_character = tonumber(vim.env.FACTCHECK_HOVER_CHARACTER)

local report = { nvim = tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch) }

local function finish()
  local f = io.open(out, "w")
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "markdown"
  local statuses = {}
  local client_id = vim.lsp.start_client({
    name = "policy-fact-check",
    cmd = { "node", server, "--stdio" },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = "drafts" } },
    settings = { policyFactCheck = vim.empty_dict() },
    -- The workspace is the test's own: say it is trusted, as VS Code does for a trusted folder.
    init_options = { workspaceTrusted = true },
    handlers = {
      ["policyFactCheck/status"] = function(_, result)
        table.insert(statuses, result.state)
      end,
    },
  })
  report.client_started = client_id ~= nil
  vim.lsp.buf_attach_client(bufnr, client_id)

  report.diagnostics_arrived = vim.wait(wait_ms, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 100)
  report.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(report.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, message = d.message, source = d.source,
      code = d.code or lsp.code,
      related = #(lsp.relatedInformation or {}),
    })
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = hover_line, character = hover_character },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, wait_ms)
  local response = responses and responses[client_id]
  local result = response and response.result
  if result and result.contents then
    report.hover = type(result.contents) == "string" and result.contents or result.contents.value
    report.hover_range = result.range
  end
  report.statuses = statuses

  vim.lsp.stop_client(client_id)
  report.server_stopped = vim.wait(10000, function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end, 100)
end)
if not ok then
  report.error = tostring(err)
end
finish()
