// The handler CodeLenses: a bundle of their own, dist/lenses.js, required when the first
// JavaScript, TypeScript or Python file is open. Opening the Lambda view needs none of this code
// (handler detection, definitions, the lens figures), so activation does not compile it.
export { HandlerLensProvider } from './handlerLenses';
