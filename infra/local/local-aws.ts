// Local endpoints accept any credentials; these keep the SDK from looking for real ones.
export const LOCAL_REGION = 'us-east-1';
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_ACCOUNT = '000000000000';
