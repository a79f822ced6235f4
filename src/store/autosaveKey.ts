/**
 * The autosave's storage key, on its own: the page checks whether anything is saved before
 * loading the autosave module (and its schema), which a page with nothing saved does not
 * wait for. The version in it changes if the format ever changes incompatibly.
 */
export const AUTOSAVE_KEY = 'kafkascope:autosave:v1';
