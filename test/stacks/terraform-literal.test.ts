import { terraformLiteral } from '../../stacks/landing-zone-stack';

describe('terraformLiteral', () => {
  it.each([
    ['arn:aws:s3:::bucket/${aws:username}/*', 'arn:aws:s3:::bucket/$${aws:username}/*'],
    ['%{if x}', '%%{if x}'],
    ['no templates here', 'no templates here'],
  ])('GIVEN %s THEN Terraform receives %s', (input, escaped) => {
    expect(terraformLiteral(input)).toBe(escaped);
  });
});
