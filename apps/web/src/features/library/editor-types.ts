import type { FieldErrors, TemplateForm } from './template-form';

/** What every editor section gets: the form, a setter per field, and the field errors. */
export interface SectionProps {
  form: TemplateForm;
  set: <K extends keyof TemplateForm>(key: K, value: TemplateForm[K]) => void;
  errors: FieldErrors;
}
