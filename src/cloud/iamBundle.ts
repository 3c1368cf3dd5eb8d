// The entry of dist/iam.js (see iamSdk.ts): the IAM SDK alone.
export * from '@aws-sdk/client-iam';
