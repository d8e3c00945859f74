// Artillery processor of the goldpath comparison.
// - connectWithToken: each virtual user connects with its own test token (from the payload file), offered as the
//   `jwt.<token>` subprotocol as goldpath's simulated users do.
// - sendAndReadOne: sends one start_agent and reads its first reply, then steps on. The ws engine's own `send` +
//   `capture` reads one reply the same way but fails when the server streams several frames per request ("Callback was
//   already called", artilleryio/artillery#3476), so this step does what it does (counters, rate, JSON.parse of the
//   reply) and then stops listening; the run's other frames arrive with no reader, as with the engine's steps.
'use strict';

const { setTimeout, clearTimeout } = require('node:timers');

module.exports = {
  connectWithToken(wsArgs, context, done) {
    wsArgs.subprotocols = [`jwt.${context.vars.token}`];
    wsArgs.options = { ...(wsArgs.options ?? {}), perMessageDeflate: false };
    done();
  },

  sendAndReadOne(context, events, done) {
    const ws = context.ws;
    const timer = setTimeout(() => {
      ws.off('message', onReply);
      events.emit('error', 'response timeout');
      done(new Error('response timeout'));
    }, 60_000);
    function onReply(data) {
      clearTimeout(timer);
      events.emit('counter', 'websocket.messages_received', 1);
      events.emit('rate', 'websocket.receive_rate');
      try {
        context.vars.firstReply = JSON.parse(data.toString()).type;
      } catch {
        context.vars.firstReply = undefined;
      }
      done();
    }
    ws.once('message', onReply);
    const payload = JSON.stringify({
      type: 'start_agent',
      payload: { user_request: `Artillery run ${context.vars.$loopCount} [tools:3]`, thread_id: null },
    });
    events.emit('counter', 'websocket.messages_sent', 1);
    events.emit('rate', 'websocket.send_rate');
    ws.send(payload);
  },
};
