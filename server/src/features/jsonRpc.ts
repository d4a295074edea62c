// JSON-RPC hygiene on stdio. vscode-jsonrpc drops a frame that is not JSON, and a message that is
// neither a request, a notification nor a response, with at most a log line; JSON-RPC 2.0 asks for an
// error response instead (Parse error, Invalid Request), so a client is not left waiting for an
// answer that never comes. This reader sits between the stream and the connection: it answers those
// frames itself, with the connection's own writer, and passes every valid message through.
import { inspect } from "node:util";
import {
  AbstractMessageReader,
  ErrorCodes,
  StreamMessageReader,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type ResponseMessage,
} from "vscode-languageserver/node";

type Id = string | number | null;

/** Why a parsed message is not JSON-RPC 2.0, and the id to answer with; undefined when it is fine. */
export function invalidMessage(message: unknown): { id: Id; reason: string } | undefined {
  if (Array.isArray(message)) return { id: null, reason: "batches are not supported" };
  if (typeof message !== "object" || message === null) return { id: null, reason: "the message is not a JSON object" };
  const m = message as Record<string, unknown>;
  const id: Id = typeof m.id === "string" || typeof m.id === "number" ? m.id : null;
  if ("method" in m) {
    if (typeof m.method !== "string") return { id, reason: "method is not a string" };
    if (m.jsonrpc !== "2.0") return { id, reason: `unsupported jsonrpc version ${JSON.stringify(m.jsonrpc)}` };
    if (m.id !== undefined && id === null) return { id, reason: "id is neither a string nor a number" };
    // Structured parameters only; null is tolerated, as some clients send it for shutdown.
    if (m.params !== undefined && m.params !== null && typeof m.params !== "object") return { id, reason: "params is not an object or array" };
    return undefined;
  }
  // A response to one of the server's own requests.
  if (("result" in m || "error" in m) && (id !== null || m.id === null)) return undefined;
  return { id, reason: "the message has no method" };
}

function isBadCancel(message: Message): boolean {
  const m = message as { method?: unknown; params?: { id?: unknown } | null };
  if (m.method !== "$/cancelRequest") return false;
  const id = m.params?.id;
  return typeof id !== "string" && typeof id !== "number";
}

/** Errors of the stream itself (EPIPE, ...) carry a system code; everything else is about the bytes read. */
function isStreamError(error: Error): boolean {
  return typeof (error as { code?: unknown }).code === "string";
}

export class ValidatingMessageReader extends AbstractMessageReader implements MessageReader {
  constructor(
    private readonly inner: MessageReader,
    private readonly answer: (response: ResponseMessage) => void,
    private readonly warn: (message: string) => void,
  ) {
    super();
    inner.onError((error) => {
      if (isStreamError(error)) {
        this.fireError(error);
        return;
      }
      this.warn(`Unreadable message from the client: ${error.message}`);
      this.answer({ jsonrpc: "2.0", id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${error.message}` } });
    });
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: Message) => {
      const problem = invalidMessage(message);
      if (!problem) {
        if (isBadCancel(message)) {
          // vscode-jsonrpc reads params.id of every cancel; a notification gets no answer, so it is dropped.
          this.warn(`Ignored a cancellation without a request id: ${shortJson(message)}`);
          return;
        }
        try {
          callback(message);
        } catch (e) {
          // Not the client's bytes: the connection failed on a valid message. Not a parse error.
          this.warn(`Handling a message failed: ${e instanceof Error ? e.message : String(e)}: ${shortJson(message)}`);
        }
        return;
      }
      this.warn(`Invalid request from the client (${problem.reason}): ${shortJson(message)}`);
      this.answer({ jsonrpc: "2.0", id: problem.id, error: { code: ErrorCodes.InvalidRequest, message: `Invalid request: ${problem.reason}` } });
    });
  }

  dispose(): void {
    super.dispose();
    this.inner.dispose();
  }
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export interface StdioTransport {
  reader: MessageReader;
  writer: MessageWriter;
  /** Call once the connection exists: console output goes to its log, and the end of stdin ends the process. */
  attach(connection: StdioConnection): void;
}

interface StdioConnection {
  console: { log(message: string): void; info(message: string): void; warn(message: string): void; error(message: string): void };
  onShutdown(handler: () => void): void;
}

/**
 * The stdio transport that createConnection builds for `--stdio`, with the validating reader. What
 * createConnection does for stdio streams is done here too: console output must not reach stdout,
 * where it would corrupt the protocol, and the server exits when the client closes stdin.
 */
export function createStdioTransport(): StdioTransport {
  const writer = new StreamMessageWriter(process.stdout);
  let connection: StdioConnection | undefined;
  const warn = (message: string) => connection?.console.warn(message);
  const answer = (response: ResponseMessage) => void writer.write(response).catch(() => undefined);
  const reader = new ValidatingMessageReader(new StreamMessageReader(process.stdin), answer, warn);
  return {
    reader,
    writer,
    attach(c) {
      connection = c;
      let shutdownReceived = false;
      c.onShutdown(() => {
        shutdownReceived = true;
      });
      const exit = () => process.exit(shutdownReceived ? 0 : 1);
      process.stdin.on("end", exit);
      process.stdin.on("close", exit);
      const format = (args: unknown[]) => args.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
      console.log = console.info = console.debug = (...args: unknown[]) => c.console.log(format(args));
      console.warn = (...args: unknown[]) => c.console.warn(format(args));
      console.error = console.trace = (...args: unknown[]) => c.console.error(format(args));
    },
  };
}
