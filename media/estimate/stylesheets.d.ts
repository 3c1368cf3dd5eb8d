// Stylesheets imported for their side effect: esbuild writes them beside the bundle (dist/media/estimate.css).
declare module '*.css';
