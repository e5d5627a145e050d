import { Settings, UpdateSettingsRequest } from '@metamorph/contract';
import type { AppModule } from '../../context.js';
import { requirePermission } from '../../platform/authz.js';
import { seedSettings, updateSettings } from './settings.service.js';

export const settingsModule: AppModule = {
  name: 'settings',
  seed: seedSettings,
  routes(app, ctx) {
    app.get(
      '/api/settings',
      {
        config: { permission: 'admin.settings' },
        schema: {
          tags: ['settings'],
          summary: 'Product settings (admin.settings)',
          response: { 200: Settings },
        },
      },
      async (request) => {
        requirePermission(request.actor, 'admin.settings');
        return ctx.settings.get();
      },
    );
    app.patch(
      '/api/settings',
      {
        config: { permission: 'admin.settings' },
        schema: {
          tags: ['settings'],
          summary: 'Change some settings (admin.settings, audited)',
          body: UpdateSettingsRequest,
          response: { 200: Settings },
        },
      },
      async (request) => updateSettings(ctx, request.auditContext(), request.body),
    );
  },
};
