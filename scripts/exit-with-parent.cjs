// Preloaded into the Next.js server that `npm start` supervises (node --require): if the
// supervising process disappears without stopping it (kill -9, a crash), the server stops too,
// gracefully, instead of holding the port as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
