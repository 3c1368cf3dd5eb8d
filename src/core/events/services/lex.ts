// Amazon Lex V1 and V2 code hooks. Each sample bot is a row: intent, slots and the user's words.
import type { LexEvent, LexV2Event, LexV2Slots, LexV2Transcription } from 'aws-lambda';
import { defineEvent } from '../eventDefinition';
import { param } from '../parameters';

interface Bot {
  readonly event: string;
  readonly bot: string;
  readonly intent: string;
  readonly transcript: string;
  readonly slots: Readonly<Record<string, string>>;
}

// The BookTrip sample bot, in both Lex versions' samples.
const BOOK_CAR: Bot = {
  event: 'book-car',
  bot: 'BookTrip',
  intent: 'BookCar',
  transcript: 'book a car in Chicago',
  slots: {
    PickUpCity: 'Chicago',
    PickUpDate: '2030-11-08',
    ReturnDate: '2030-11-10',
    DriverAge: '34',
    CarType: 'economy',
  },
};

const BOOK_HOTEL: Bot = {
  event: 'book-hotel',
  bot: 'BookTrip',
  intent: 'BookHotel',
  transcript: 'book a hotel in Chicago',
  slots: { Location: 'Chicago', CheckInDate: '2030-11-08', Nights: '2', RoomType: 'queen' },
};

const V1_BOTS: readonly Bot[] = [
  BOOK_CAR,
  BOOK_HOTEL,
  {
    event: 'make-appointment',
    bot: 'MakeAppointment',
    intent: 'MakeAppointment',
    transcript: 'make a cleaning appointment',
    slots: { AppointmentType: 'cleaning', Date: '2030-09-15', Time: '10:00' },
  },
  {
    event: 'order-flowers',
    bot: 'OrderFlowers',
    intent: 'OrderFlowers',
    transcript: 'order roses',
    slots: { FlowerType: 'roses', PickupDate: '2030-01-05', PickupTime: '10:00' },
  },
];

const V2_BOTS: readonly Bot[] = [
  {
    event: 'banking-bot',
    bot: 'BankingBot',
    intent: 'CheckBalance',
    transcript: 'what is my checking balance',
    slots: { accountType: 'Checking' },
  },
  BOOK_CAR,
  BOOK_HOTEL,
];

const HOOK = param(
  'choice',
  'DialogCodeHook (validation) or FulfillmentCodeHook',
  'DialogCodeHook',
  ['DialogCodeHook', 'FulfillmentCodeHook'],
);

function v2Slots(slots: Readonly<Record<string, string>>): LexV2Slots {
  return Object.fromEntries(
    Object.entries(slots).map(([name, value]) => [
      name,
      {
        shape: 'Scalar' as const,
        value: { originalValue: value, interpretedValue: value, resolvedValues: [value] },
      },
    ]),
  );
}

/**
 * What Lex heard, with the intent and slots it resolved from that text; a transcription's slots
 * carry no interpretedValue (that is the intent's). Lex sends one a candidate transcription.
 */
function v2Transcription(b: Bot): LexV2Transcription {
  return {
    transcription: b.transcript,
    transcriptionConfidence: 1,
    resolvedContext: { intent: b.intent },
    resolvedSlots: Object.fromEntries(
      Object.entries(b.slots).map(([name, value]) => [
        name,
        { shape: 'Scalar' as const, value: { originalValue: value, resolvedValues: [value] } },
      ]),
    ) as LexV2Slots,
  };
}

export const LEX_V1_EVENTS = V1_BOTS.map((b) =>
  defineEvent({
    service: 'lex',
    event: b.event,
    description:
      `Lex V1 ${b.bot} bot, ${b.intent} intent (slot values are strings, as Lex sends them; SAM's book-car and book-hotel ` +
      'samples have numbers: https://docs.aws.amazon.com/lex/latest/dg/lambda-input-response-format.html)',
    parameters: { user: param('text', 'user id', 'John'), hook: HOOK },
    build: (v): LexEvent => ({
      messageVersion: '1.0',
      invocationSource: v.hook as LexEvent['invocationSource'],
      userId: v.user,
      sessionAttributes: {},
      requestAttributes: null,
      bot: { name: b.bot, alias: '$LATEST', version: '$LATEST' },
      outputDialogMode: 'Text',
      inputTranscript: b.transcript,
      currentIntent: {
        name: b.intent,
        slots: { ...b.slots },
        confirmationStatus: 'None',
        slotDetails: Object.fromEntries(
          Object.entries(b.slots).map(([k, value]) => [
            k,
            { resolutions: [{ value }], originalValue: value },
          ]),
        ),
      },
    }),
  }),
);

export const LEX_V2_EVENTS = V2_BOTS.map((b) =>
  defineEvent({
    service: 'lex-v2',
    event: b.event,
    description:
      `Lex V2 ${b.bot} bot, ${b.intent} intent, on the turn where the user has given every slot (SAM's sample is the first turn, ` +
      'its slots null and one elicited; both are Lex V2 input: https://docs.aws.amazon.com/lexv2/latest/dg/lambda-input-format.html)',
    parameters: { locale: param('text', 'bot locale', 'en_US'), hook: HOOK },
    build: (v, g): LexV2Event => {
      const intent = {
        name: b.intent,
        slots: v2Slots(b.slots),
        state: 'InProgress' as const,
        confirmationState: 'None' as const,
      };
      return {
        messageVersion: '1.0',
        invocationSource: v.hook as LexV2Event['invocationSource'],
        inputMode: 'Text',
        responseContentType: 'text/plain; charset=utf-8',
        sessionId: g.digits(15),
        inputTranscript: b.transcript,
        bot: {
          id: g.alphanumeric(10).toUpperCase(),
          name: b.bot,
          aliasId: 'TSTALIASID',
          aliasName: 'TestBotAlias',
          localeId: v.locale,
          version: 'DRAFT',
        },
        interpretations: [{ intent, nluConfidence: 1 }],
        proposedNextState: { dialogAction: { type: 'Close' }, intent },
        sessionState: {
          intent,
          sessionAttributes: {},
          activeContexts: [],
          originatingRequestId: g.uuid(),
        },
        transcriptions: [v2Transcription(b)],
      };
    },
  }),
);
