namespace NfAtip.At
{
    /// <summary>Runs an action command and writes its whole answer; <paramref name="argument"/> comes from the table row.</summary>
    public delegate void ExecuteHandler(int argument);

    /// <summary>
    /// One row of the action command table (the parameters have their own table,
    /// Parameters/ParameterTable). Action commands take no value: "AT#NAME" executes,
    /// "AT#NAME=?" answers OK, "AT#NAME=x" is a syntax error, and "AT#NAME?" runs the row's query
    /// handler when it has one (a syntax error otherwise). The argument lets one handler serve a
    /// family (AT#VMAIL1..3 → the mail group, AT#SENDMAIL1..3 → the combination).
    /// </summary>
    public sealed class ActionCommand
    {
        public readonly string Name;
        public readonly ExecuteHandler Execute;
        public readonly int Argument;
        /// <summary>Answers "AT#NAME?", or null.</summary>
        public readonly ExecuteHandler Query;

        public ActionCommand(string name, ExecuteHandler execute, int argument)
        {
            Name = name;
            Execute = execute;
            Argument = argument;
        }

        public ActionCommand(string name, ExecuteHandler execute, ExecuteHandler query)
        {
            Name = name;
            Execute = execute;
            Query = query;
        }
    }
}
