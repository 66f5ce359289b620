/**
 * A monthly cost budget for every account, created in the management account (the payer sees
 * every account's cost, and members cannot delete a budget they do not own): each budget is
 * filtered to its account (`LinkedAccount`) and emails the account's owner when actual spend passes
 * 80% and when the month's forecast passes 100%.
 */
import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';

export interface AccountBudgetSpec {
  readonly accountName: string;
  readonly accountId: string;
  readonly monthlyUsd: number;
  readonly notify: readonly string[];
}

export interface AccountBudgetsProps {
  readonly budgets: readonly AccountBudgetSpec[];
  /** The management account's provider. */
  readonly provider: TerraformProvider;
}

export class AccountBudgets extends Construct {
  constructor(scope: Construct, id: string, props: AccountBudgetsProps) {
    super(scope, id);
    for (const b of props.budgets) {
      new BudgetsBudget(this, b.accountName, {
        provider: props.provider,
        name: `landing-zone-${b.accountName}`,
        budgetType: 'COST',
        limitAmount: String(b.monthlyUsd),
        limitUnit: 'USD',
        timeUnit: 'MONTHLY',
        costFilter: [{ name: 'LinkedAccount', values: [b.accountId] }],
        notification: [
          { comparisonOperator: 'GREATER_THAN', threshold: 80, thresholdType: 'PERCENTAGE', notificationType: 'ACTUAL', subscriberEmailAddresses: [...b.notify] },
          { comparisonOperator: 'GREATER_THAN', threshold: 100, thresholdType: 'PERCENTAGE', notificationType: 'FORECASTED', subscriberEmailAddresses: [...b.notify] },
        ],
      });
    }
  }
}
