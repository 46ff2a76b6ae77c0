// Server-sent events read with fetch, so the key (and a visitor's token) travel as headers, never in a URL.
// Calls onMessage(message) for each chat message in the stream; returns when the server ends it.
async function readChatEvents(url, headers, onMessage) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error("HTTP " + response.status);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split("\n").find(line => line.startsWith("data: "));
      if (data) onMessage(JSON.parse(data.slice(6)));
    }
  }
}
