// The secrets module: which config fields are secret (config-secret-fields), the same in raw config text
// (config-text-secrets), one redactor for literal secrets in any text (secret-redactor, secret-scrubber),
// URL user info (url-credentials), and the one mask token (secret-mask).
export { SECRET_MASK, holdsMask } from './secret-mask';
export { isCredentialHeader } from './credential-header';
export {
  SECRET_FIELDS,
  type SecretField,
  isSecretField,
  splitAuth,
  authSecret,
  maskAuth,
  maskHeader,
  maskField,
  mapSecretFields,
  configSecrets,
  secretFieldsIn,
  maskConfig,
} from './config-secret-fields';
export { maskConfigText, configTextSecrets } from './config-text-secrets';
export { redactUrl, redactUrlCredentials, maskUserInfo } from './url-credentials';
export { SecretRedactor, literalSecretScrubber, type TextScrubber } from './secret-redactor';
export { SecretScrubber } from './secret-scrubber';
