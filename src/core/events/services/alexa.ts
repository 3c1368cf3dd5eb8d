// Alexa Skills Kit requests and Alexa Smart Home directives (no types in @types/aws-lambda).
// The skill requests differ only in request type and intent, so they are a table.
import { defineEvent } from '../eventDefinition';
import { param } from '../parameters';

const SKILL = {
  application: param(
    'text',
    'skill application id',
    'amzn1.ask.skill.0000000-0000-0000-0000-000000000000',
  ),
  user: param('text', 'user id', 'amzn1.ask.account.testUser'),
  locale: param('text', 'locale', 'en-US'),
};

/** A trivia game's state after its first question, kept by the skill in its session attributes. */
const TRIVIA_STATE = JSON.stringify({
  STATE: '_TRIVIAMODE',
  score: 0,
  currentQuestionIndex: 0,
  questions: [16, 20, 29, 2, 19],
  correctAnswerIndex: 3,
  correctAnswerText: 'Donner',
  speechOutput:
    "Question 1. What was Rudolph's father's name? 1. Blixen. 2. Comet. 3. Donner. 4. Dasher.",
  repromptText:
    "Question 1. What was Rudolph's father's name? 1. Blixen. 2. Comet. 3. Donner. 4. Dasher.",
});

const SKILL_REQUESTS: readonly {
  event: string;
  type: string;
  intent?: { name: string; slots?: Record<string, { name: string; value: string }> };
  /** The session attributes a skill returned on its previous turn (a new session has none). */
  attributes?: string;
}[] = [
  { event: 'start-session', type: 'LaunchRequest' },
  { event: 'end-session', type: 'SessionEndedRequest' },
  {
    event: 'intent-answer',
    type: 'IntentRequest',
    intent: { name: 'AnswerIntent', slots: { Answer: { name: 'Answer', value: '3' } } },
    attributes: TRIVIA_STATE,
  },
  { event: 'intent-getnewfact', type: 'IntentRequest', intent: { name: 'GetNewFactIntent' } },
  {
    event: 'intent-mycoloris',
    type: 'IntentRequest',
    intent: { name: 'MyColorIsIntent', slots: { Color: { name: 'Color', value: 'blue' } } },
  },
  {
    event: 'intent-recipe',
    type: 'IntentRequest',
    intent: { name: 'RecipeIntent', slots: { Item: { name: 'Item', value: 'snowball' } } },
  },
];

/** What the skill kept from its previous turn; a new session (no such parameter) has none. */
function sessionAttributes(v: { attributes?: string }): Record<string, unknown> {
  return JSON.parse(v.attributes ?? '{}') as Record<string, unknown>;
}

const SMART_HOME: readonly { event: string; namespace: string; name: string; endpoint: boolean }[] =
  [
    {
      event: 'smart-home-control-turn-off-request',
      namespace: 'Alexa.PowerController',
      name: 'TurnOff',
      endpoint: true,
    },
    {
      event: 'smart-home-control-turn-on-request',
      namespace: 'Alexa.PowerController',
      name: 'TurnOn',
      endpoint: true,
    },
    {
      event: 'smart-home-discovery-request',
      namespace: 'Alexa.Discovery',
      name: 'Discover',
      endpoint: false,
    },
  ];

export const ALEXA_EVENTS = [
  ...SKILL_REQUESTS.map((r) =>
    defineEvent({
      service: 'alexa-skills-kit',
      event: r.event,
      description: `Alexa skill ${r.type}${r.intent ? ` (${r.intent.name})` : ''}`,
      parameters: {
        ...SKILL,
        // A new session starts with no attributes; later turns carry what the skill kept.
        ...(r.type === 'LaunchRequest'
          ? {}
          : {
              attributes: param(
                'jsonObject',
                'session attributes the skill returned on its previous turn, a JSON object',
                r.attributes ?? '{}',
              ),
            }),
      },
      build: (v, g) => ({
        version: '1.0',
        session: {
          new: r.type === 'LaunchRequest',
          sessionId: `amzn1.echo-api.session.${g.uuid()}`,
          application: { applicationId: v.application },
          attributes: sessionAttributes(v),
          user: { userId: v.user },
        },
        context: {
          System: {
            application: { applicationId: v.application },
            user: { userId: v.user },
            device: {
              deviceId: `amzn1.ask.device.${g.hex(32)}`,
              supportedInterfaces: { AudioPlayer: {} },
            },
            apiEndpoint: 'https://api.amazonalexa.com',
          },
          // A device that plays audio reports its player, as SAM's samples have it.
          AudioPlayer: { playerActivity: 'IDLE' },
        },
        request: {
          type: r.type,
          requestId: `amzn1.echo-api.request.${g.uuid()}`,
          timestamp: g.isoSeconds(),
          locale: v.locale,
          ...(r.intent
            ? {
                intent: {
                  name: r.intent.name,
                  confirmationStatus: 'NONE',
                  slots: r.intent.slots ?? {},
                },
              }
            : {}),
          ...(r.type === 'SessionEndedRequest' ? { reason: 'USER_INITIATED' } : {}),
        },
      }),
    }),
  ),
  ...SMART_HOME.map((d) =>
    defineEvent({
      service: 'alexa-smart-home',
      event: d.event,
      description:
        `Alexa Smart Home ${d.namespace} ${d.name} directive, payload version 3 (SAM's sample is the version 2 shape, ` +
        'header and payload at the top, which Alexa no longer sends: https://developer.amazon.com/en-US/docs/alexa/device-apis/smart-home-general-apis.html)',
      parameters: {
        token: param('text', 'bearer token of the linked account', 'access-token-from-skill'),
        endpoint: param('text', 'endpoint id', 'appliance-001'),
      },
      build: (v, g) => ({
        directive: {
          header: {
            namespace: d.namespace,
            name: d.name,
            payloadVersion: '3',
            messageId: g.uuid(),
            ...(d.endpoint ? { correlationToken: g.randomBase64(48) } : {}),
          },
          ...(d.endpoint
            ? {
                endpoint: {
                  scope: { type: 'BearerToken', token: v.token },
                  endpointId: v.endpoint,
                  cookie: {},
                },
                payload: {},
              }
            : { payload: { scope: { type: 'BearerToken', token: v.token } } }),
        },
      }),
    }),
  ),
];
